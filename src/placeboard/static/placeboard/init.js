// Starts GOV.UK Frontend's components (loaded as a module, after the page).
// Relative to this file, so it follows STATIC_URL wherever that points.
import { initAll } from "../lib/govuk-frontend.min.js";

initAll();
