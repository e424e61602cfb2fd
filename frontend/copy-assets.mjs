// Copies the third-party browser files InPlace serves from node_modules into static/build/ (gitignored),
// after `sass` has compiled static/scss/inplace.scss there. Run through `npm run build`.
//
// GOV.UK's fonts (GDS Transport) and its crown and crest images are for GOV.UK services only, so they
// are never copied; only GOV.UK Frontend images that carry neither would be.

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const build = join(root, "static", "build");

// GOV.UK brand images: the crown (favicons, app icons, the Open Graph image) and the royal crest.
const BRANDED_IMAGE = /^(favicon\.|govuk-icon-|govuk-opengraph-image|govuk-crest|govuk-logotype)/;

function copy(from, to) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    throw new Error(`${from} is missing from node_modules: run "npm install" first.`);
  }
  const target = join(build, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target);
  console.log(`copied ${from} -> ${relative(root, target)}`);
}

mkdirSync(build, { recursive: true });
copy("govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js");
// The script names its source map; Django's manifest storage (collectstatic) fails if it is missing.
copy("govuk-frontend/dist/govuk/govuk-frontend.min.js.map", "govuk-frontend.min.js.map");
copy("htmx.org/dist/htmx.min.js", "htmx.min.js");
// Mapping: Leaflet (map, with its marker images beside its CSS) and Chart.js, each with the source map it names.
copy("leaflet/dist/leaflet.js", "leaflet/leaflet.js");
copy("leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map");
copy("leaflet/dist/leaflet.css", "leaflet/leaflet.css");
for (const name of readdirSync(join(modules, "leaflet/dist/images"))) {
  copy(`leaflet/dist/images/${name}`, `leaflet/images/${name}`);
}
// Marker clustering (so markers never hide each other); InPlace draws its own cluster icons
// (mapping.css), so only the plugin's animation styles are copied, not its default theme.
copy("leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet/leaflet.markercluster.js");
copy("leaflet.markercluster/dist/leaflet.markercluster.js.map", "leaflet/leaflet.markercluster.js.map");
copy("leaflet.markercluster/dist/MarkerCluster.css", "leaflet/MarkerCluster.css");
// Pickers: GOV.UK's accessible autocomplete (its styles are compiled into inplace.css).
copy("accessible-autocomplete/dist/accessible-autocomplete.min.js", "accessible-autocomplete.min.js");
copy("accessible-autocomplete/dist/accessible-autocomplete.min.js.map", "accessible-autocomplete.min.js.map");
copy("chart.js/dist/chart.umd.min.js", "chart.umd.min.js");
copy("chart.js/dist/chart.umd.min.js.map", "chart.umd.min.js.map");

const imagesDir = "govuk-frontend/dist/govuk/assets/images";
const imagesTarget = join(build, "govuk", "assets", "images");
rmSync(imagesTarget, { recursive: true, force: true });
let skipped = 0;
for (const name of readdirSync(join(modules, imagesDir))) {
  if (BRANDED_IMAGE.test(name)) {
    skipped += 1;
    continue;
  }
  copy(`${imagesDir}/${name}`, `govuk/assets/images/${name}`);
}
console.log(`left out ${skipped} GOV.UK brand image(s) and the GDS Transport fonts`);
