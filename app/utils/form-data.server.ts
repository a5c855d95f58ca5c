import { badRequest } from './invariant.ts'

/**
 * The request's form. A body that is not one (a multipart body without its
 * boundary, cut short, or mislabelled) is a 400 whose page names the
 * problem, not a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
	try {
		return await request.formData()
	} catch {
		throw badRequest('errors.invalidRequest')
	}
}
