// PLACEHOLDER so the CDK app can bundle and synthesize on the infrastructure branch. The real http handler
// is written by the issue 7 runtime work and replaces this file at merge; this one is not functional.
export const handler = async () => {
  throw new Error('replaced by issue 7 runtime work');
};
