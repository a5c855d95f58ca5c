import {
	MaxPartSizeExceededError,
	unstable_createMemoryUploadHandler,
	unstable_parseMultipartFormData,
} from '@remix-run/node'
import { MAX_UPLOAD_BYTES } from './upload-limits.ts'

export type UploadProblem = 'tooLarge' | 'unreadable'

/**
 * A multipart form whose every part (a file, a text field) holds at most
 * MAX_UPLOAD_BYTES: reading stops at the first part over the limit, without
 * buffering the rest of the body. The route answers a problem with a 413
 * ("tooLarge") or a 400 ("unreadable": not a multipart form, or a broken one).
 */
export async function readUpload(
	request: Request,
): Promise<
	| { ok: true; form: FormData }
	| { ok: false; problem: UploadProblem; status: 400 | 413 }
> {
	try {
		const form = await unstable_parseMultipartFormData(
			request,
			unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
		)
		return { ok: true, form }
	} catch (error) {
		if (error instanceof MaxPartSizeExceededError)
			return { ok: false, problem: 'tooLarge', status: 413 }
		return { ok: false, problem: 'unreadable', status: 400 }
	}
}

/** The uploaded file of a field, or null when the field is missing, not a file, or empty. */
export function uploadedFile(form: FormData, field: string): File | null {
	const value = form.get(field)
	return value instanceof File && value.size > 0 ? value : null
}
