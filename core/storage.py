"""The static files' storage in production: WhiteNoise's compressed manifest storage (each
file hashed, gzip and Brotli copies beside it), with JavaScript module imports rewritten to
the hashed names.

Without that rewriting `static/js/rich-text.js` (hashed) would still import
`../django_prose_editor/editor.js` by its plain name, and WhiteNoise serves a plain name
for a minute only (`max-age=60`): the editor's 561 KB bundle (144 KB as Brotli) would be
asked for again on every chapter page after a minute. Imported by its hashed name it is
cached for a year and never asked for again until it changes.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
