import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
	{
		ignores: [
			'build/**',
			'node_modules/**',
			'app/.server/**',
			'data/**',
			'.cache/**',
			'bench/out/**',
			'content/**',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	importX.flatConfigs.typescript,
	{
		files: ['**/*.{ts,tsx,js,mjs}'],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
		plugins: { 'react-hooks': reactHooks },
		// `#app/…` imports resolve as TypeScript does (package.json "imports").
		settings: {
			'import-x/resolver-next': [
				createTypeScriptImportResolver({ alwaysTryTypes: true }),
			],
		},
		rules: {
			...reactHooks.configs.recommended.rules,
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			'@typescript-eslint/consistent-type-imports': [
				'error',
				{ fixStyle: 'inline-type-imports' },
			],
			'no-control-regex': 'off',
			// Modules depend one way: a cycle (even through a type) fails the lint.
			'import-x/no-cycle': ['error', { ignoreExternal: true }],
		},
	},
)
