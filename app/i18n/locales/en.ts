// One file per domain under ./en/; each is mounted under its domain's key
// (t('auth.signIn'), t('courses.lesson')...), common keys at the top level.
import common from './en/common.json'
import courses from './en/courses.json'

export default {
	...common,
	courses,
}
