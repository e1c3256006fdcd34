// Keeps passwords out of everything pg-bakeoff prints or writes. Every place that shows a connection
// string or an error that may quote one goes through here.

/** Returns the URL with its password replaced by `***` (and any `password=` query parameter too). */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/^(password|pass|pwd)$/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not parseable as a URL: mask anything that looks like user:password@ and password=...
    return maskText(url);
  }
}

/** Masks credentials that appear inside free text, e.g. an error message quoting a connection string. */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(\w+:\/\/[^:/\s@]*:)([^@\s]*)(@)/g, '$1***$3').replace(/(password=)([^\s&]+)/gi, '$1***');
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
