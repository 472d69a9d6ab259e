// Worker bootstrap. From the compiled build (dist/) the worker is plain
// JavaScript; from the TypeScript sources (tests, `npm run demo`) tsx's loader
// is registered inside the worker first, since loaders do not carry over.
const here = new URL(".", import.meta.url);
const compiled = new URL("./analysis-worker.js", here);
let mod;
try {
  mod = await import(compiled.href);
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  const { register } = await import("tsx/esm/api");
  register();
  mod = await import(new URL("./analysis-worker.ts", here).href);
}
export default mod.default;
