// Saving a file the API answered (PDF, CSV) from a Blob.

/** The file name of a Content-Disposition header, or `porDefecto`. */
export function nombreDeArchivo(contentDisposition, porDefecto) {
  const h = String(contentDisposition || '');
  const estrella = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(h);
  if (estrella) {
    try {
      return decodeURIComponent(estrella[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through
    }
  }
  const simple = /filename\s*=\s*"?([^";]+)"?/i.exec(h);
  return simple ? simple[1].trim() : porDefecto;
}

/** Make the browser download `blob` as `nombre`. */
export function guardarBlob(blob, nombre) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = nombre;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A download (responseType 'blob') that failed carries the error contract as a Blob: read it so
 * the user sees the server's Spanish message.
 */
export async function conMensajeDelServidor(promesa, ApiErrorClass) {
  try {
    return await promesa;
  } catch (err) {
    const blob = err?.data;
    if (blob && typeof blob.text === 'function') {
      try {
        const json = JSON.parse(await blob.text());
        if (json?.message) {
          throw new ApiErrorClass({ message: json.message, status: err.status, reason: json.reason || null, data: json });
        }
      } catch (parsed) {
        if (parsed instanceof ApiErrorClass) throw parsed;
      }
    }
    throw err;
  }
}
