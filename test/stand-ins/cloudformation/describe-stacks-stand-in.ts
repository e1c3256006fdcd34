// A PROTOCOL-LEVEL STAND-IN for AWS CloudFormation's DescribeStacks, for tests: an HTTP server on loopback
// that answers the awsQuery call (form-encoded `Action=DescribeStacks&StackName=...`) with the XML
// CloudFormation returns, for the stacks it is given. Tests point the real CloudFormationClient (or a
// `bakeoff` child process, through AWS_ENDPOINT_URL_CLOUDFORMATION) at it.
// Does NOT do: signature checks (only that a signed Authorization header is present), any other action.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInStack {
  name: string;
  status?: string;
  outputs: Record<string, string>;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

function stacksXml(stacks: StandInStack[]): string {
  const members = stacks
    .map(
      (s) =>
        `<member><StackName>${xml(s.name)}</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/${xml(s.name)}/${randomUUID()}</StackId>` +
        `<CreationTime>2026-01-01T00:00:00.000Z</CreationTime><StackStatus>${s.status ?? 'CREATE_COMPLETE'}</StackStatus><Outputs>` +
        Object.entries(s.outputs)
          .map(([k, v]) => `<member><OutputKey>${xml(k)}</OutputKey><OutputValue>${xml(v)}</OutputValue></member>`)
          .join('') +
        '</Outputs></member>',
    )
    .join('');
  return `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks>${members}</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

export async function startDescribeStacksStandIn(stacks: StandInStack[]): Promise<{ endpoint: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const server = http.createServer((req, res) => {
    void (async () => {
      let body = '';
      for await (const chunk of req) body += chunk;
      calls += 1;
      const form = new URLSearchParams(body);
      const send = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (!/^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? '')) return send(403, errorXml('MissingAuthenticationToken', 'Missing Authentication Token'));
      if (form.get('Action') !== 'DescribeStacks') return send(400, errorXml('InvalidAction', `The action ${form.get('Action')} is not valid for this web service.`));
      const name = form.get('StackName');
      const found = stacks.filter((s) => !name || s.name === name);
      if (name && found.length === 0) return send(400, errorXml('ValidationError', `Stack with id ${name} does not exist`));
      return send(200, stacksXml(found));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
