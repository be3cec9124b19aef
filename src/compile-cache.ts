import nodeModule from 'node:module';

/**
 * Imported first by the entry points: on Node ≥ 22.1 V8 keeps the compiled code of our modules and
 * dependencies between starts (in NODE_COMPILE_CACHE, default a folder in the OS temp directory; a
 * read-only or missing one only means no cache), which shortens a restart. Node 20 has no such cache: there
 * the production entry (dist/bundle/main.js) keeps V8's code for the bundle itself (src/bundle-code-cache.ts).
 */
const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
enableCompileCache?.();
