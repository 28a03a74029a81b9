// Loaded at the top of <body>, before anything is drawn, so GOV.UK Frontend's
// JavaScript-only styles apply from the first paint. An external file rather
// than an inline script, which the Content-Security-Policy forbids.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
