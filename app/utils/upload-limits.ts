/** The largest file a person may upload (a roster to import, a certificate PDF to verify), shared by the routes and the server's body limits. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
export const MAX_UPLOAD_MB = MAX_UPLOAD_BYTES / (1024 * 1024)
