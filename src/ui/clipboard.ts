/**
 * Copy text, saying whether it worked: the Clipboard API can be refused
 * (permissions, an insecure origin), and then the caller shows the text for
 * copying by hand instead of pretending.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
