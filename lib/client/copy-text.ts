/**
 * Copies text to the clipboard. The Clipboard API only exists in secure contexts, and the inbox
 * is often run on plain http on a LAN, so fall back to a hidden textarea + execCommand.
 * Resolves false when both ways fail, so callers can say so instead of pretending.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
