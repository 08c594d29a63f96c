"""How answers look: one declaration per listing (listings.py) and one function that decides
how rows leave the program (output.emit): a table on a terminal, tab-separated lines in a
pipe, or any of the machine formats, to stdout or to a file.

Views read answers from core; they never ask the store anything themselves.
"""
