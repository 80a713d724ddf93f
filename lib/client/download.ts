/** Clicks a temporary link: the browser saves what it points at. */
function clickLink(href: string, filename: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * Saves bytes as a file. Always application/octet-stream: the sender's content type (text/html,
 * svg…) must never make the browser render the payload in our origin.
 */
export function downloadBytes(bytes: Uint8Array<ArrayBuffer>, filename: string) {
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  clickLink(url, filename);
  // Revoke later: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves a same-origin URL (the server names the file with Content-Disposition). */
export function downloadUrl(url: string) {
  clickLink(url, "");
}
