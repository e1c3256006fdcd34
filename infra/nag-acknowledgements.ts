// Every cdk-nag (AWS Solutions) finding pg-bakeoff accepts, with the reason, in this one place. Each is
// scoped to the construct it is about, so the same finding anywhere else still fails the synth.
// test/infra-nag.test.ts checks that the app synthesizes with zero unacknowledged findings AND that every
// acknowledgement here still matches a finding (none is stale).
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { BakeoffStacks } from './bakeoff-app.ts';

export interface NagAcknowledgement {
  /** The construct (and its subtree) the acknowledgement covers. */
  scope: (stacks: BakeoffStacks) => IConstruct;
  /** Where that construct is, for the test that matches acknowledgements to findings. */
  path: string;
  /** Fully qualified rule id, `AwsSolutions::<rule>[<finding>]`. */
  id: string;
  reason: string;
}

const BASIC_EXECUTION = 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
const VPC_EXECUTION = 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]';

const functionAcknowledgements = (['worker', 'coordinator', 'http'] as const).flatMap((name): NagAcknowledgement[] => {
  const scope = (stacks: BakeoffStacks) => stacks.harness[name];
  const path = `BakeoffHarness/${name[0]!.toUpperCase()}${name.slice(1)}`;
  return [
    {
      scope,
      path,
      id: BASIC_EXECUTION,
      reason:
        'AWS-maintained minimum for a function to write its own CloudWatch logs (logs:CreateLogStream/PutLogEvents); ' +
        'a hand-written copy would only drift from it.',
    },
    {
      scope,
      path,
      id: VPC_EXECUTION,
      reason:
        'AWS-maintained minimum for a VPC-attached function to create and delete its network interfaces ' +
        '(ec2:CreateNetworkInterface and friends, which IAM cannot scope to a resource).',
    },
    {
      scope,
      path,
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'nodejs22.x on purpose: the code is tested on Node 20 and 22, and the AWS SDK v3 supports 22 beyond 2027; ' +
        'moving to a newer runtime is one constant (HARNESS_RUNTIME) once the suite runs on it.',
    },
  ];
});

export const NAG_ACKNOWLEDGEMENTS: NagAcknowledgement[] = [
  ...functionAcknowledgements,
  {
    scope: (s) => s.harness.coordinator,
    path: 'BakeoffHarness/Coordinator',
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<WorkerFunctionAF8A26AF.Arn>:*]',
    reason: 'CDK grantInvoke on the worker function: the function and its versions/aliases, nothing else.',
  },
  {
    scope: (s) => s.harness.coordinator,
    path: 'BakeoffHarness/Coordinator',
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<Reports65402A0A.Arn>/*]',
    reason: 'CDK grantPut on the reports bucket: the coordinator writes reports under any prefix the user names (--out s3://bucket/prefix/).',
  },
  {
    scope: (s) => s.harness.coordinator,
    path: 'BakeoffHarness/Coordinator',
    id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:Abort*]',
    reason: 'CDK grantPut: s3:AbortMultipartUpload, so a failed multipart report upload can be cleaned up; reports bucket only.',
  },
  {
    scope: (s) => s.harness.reportsBucket,
    path: 'BakeoffHarness/Reports',
    id: 'AwsSolutions::AwsSolutions-S1',
    reason:
      'Only the coordinator writes and only the deploying account reads (public access blocked, TLS enforced); ' +
      'a second bucket for access logs would outlive the benchmark. Enable CloudTrail S3 data events if an audit trail is needed.',
  },
  {
    scope: (s) => s.database.cluster,
    path: 'BakeoffDatabase/Cluster',
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason:
      'The credentials of a short-lived benchmark cluster (deploy, measure, destroy); rotating them mid-run would break the ' +
      'pooled pg connections of running workers. The secret never leaves Secrets Manager and the VPC has no internet route.',
  },
  {
    scope: (s) => s.database.cluster,
    path: 'BakeoffDatabase/Cluster',
    id: 'AwsSolutions::AwsSolutions-RDS10',
    reason: 'Benchmark data is disposable and `bakeoff destroy` must be able to remove the cluster; deletion protection would block it.',
  },
];

export function applyNagAcknowledgements(stacks: BakeoffStacks): void {
  for (const ack of NAG_ACKNOWLEDGEMENTS) Validations.of(ack.scope(stacks)).acknowledge({ id: ack.id, reason: ack.reason });
}
