// One file per domain under ./fr/; each is mounted under its domain's key
// (t('auth.signIn'), t('courses.lesson')...), common keys at the top level.
import auth from './fr/auth.json'
import certificates from './fr/certificates.json'
import cohorts from './fr/cohorts.json'
import common from './fr/common.json'
import courses from './fr/courses.json'
import importMessages from './fr/import.json'
import labels from './fr/labels.json'
import training from './fr/training.json'

export default {
	...common,
	auth,
	certificates,
	cohorts,
	courses,
	import: importMessages,
	labels,
	training,
}
