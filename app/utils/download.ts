/** A Content-Disposition value that keeps accents (RFC 6266 filename*) with an ASCII fallback. */
export function attachmentName(fileName: string) {
	const ascii = fileName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\w.\- ]+/g, '_')
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}
