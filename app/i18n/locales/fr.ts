// One file per domain under ./fr/; each is mounted under its domain's key
// (t('auth.signIn'), t('courses.lesson')...), common keys at the top level.
import common from './fr/common.json'
import courses from './fr/courses.json'

export default {
	...common,
	courses,
}
