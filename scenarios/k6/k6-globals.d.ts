// What k6's runtime provides that @types/k6 does not declare: the `console` global.

declare global {
  const console: {
    log(...values: unknown[]): void;
    warn(...values: unknown[]): void;
    error(...values: unknown[]): void;
  };
}

export {};
