// Builds Placeboard's static assets from npm packages into build/static.
// Nothing here is committed: this runs at install time (`npm run build`).
import { mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "lib");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend", "placeboard.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "placeboard.css"), css.css);

const copies = {
  "govuk-frontend/dist/govuk/govuk-frontend.min.js": "govuk-frontend.min.js",
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
  "axe-core/axe.min.js": "axe.min.js",
};
for (const [from, to] of Object.entries(copies)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
}
console.log(`Built front-end assets in ${out}`);
