// One file per domain under ./en/; each is mounted under its domain's key
// (t('auth.signIn'), t('courses.lesson')...), common keys at the top level.
import auth from './en/auth.json'
import certificates from './en/certificates.json'
import cohorts from './en/cohorts.json'
import common from './en/common.json'
import courses from './en/courses.json'
import importMessages from './en/import.json'
import labels from './en/labels.json'
import training from './en/training.json'

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
