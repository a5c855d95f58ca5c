process.env.NODE_ENV = 'development'
await import('./serve.ts')

export {}
