import { createContext, useContext } from 'react'
import type { Worksheet } from '#app/content/schema.ts'
import type {
	WorksheetFieldError,
	WorksheetOutcome,
	WorksheetValues,
} from './worksheets.ts'

export type WorksheetState = {
	definition: Worksheet
	values: WorksheetValues
	updatedAt: string | null
	outcome: WorksheetOutcome
	errors: WorksheetFieldError[]
	saved: boolean
}

export type LessonContextValue = {
	signedIn: boolean
	loginHref: string
	worksheets: Record<string, WorksheetState>
}

const LessonContext = createContext<LessonContextValue>({
	signedIn: false,
	loginHref: '/login',
	worksheets: {},
})

export const LessonContextProvider = LessonContext.Provider

export function useLessonContext() {
	return useContext(LessonContext)
}
