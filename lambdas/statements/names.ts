/** `<applicationId>-<period>-<currency>`, safe as a file name or an S3 key segment, still readable. */
export function statementBaseName(applicationId: string, period: string, currency: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const safe = applicationId.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_');
  return `${safe}-${period}-${currency}`;
}
