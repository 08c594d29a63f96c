"""The plans as data: model, loading and checking, unit names, the responsibility relation,
the compiled store and the questions asked of it.

Nothing here prints, parses a command line or draws a table; it raises the errors in
`errors` and leaves it to the CLI's `main` to turn them into messages and exit statuses.
"""
