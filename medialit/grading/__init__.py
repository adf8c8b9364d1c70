"""Grading an assignment so that no submission can change a grade (INSTRUCTORS.md, "Autograde").

* :mod:`.record` (ships to students): a hidden test cell records the student's answer as plain
  data in its output; it decides nothing.
* :mod:`.sandbox`: each submission runs in a fresh folder holding only its notebook and the
  student edition, with a clean environment, as an unprivileged user when the grader is root,
  and every process it started is ended before the next submission runs.
* :mod:`.judge`: the grader's own process (which never ran student code) reads those records and
  computes the marks from the answer keys; the gradebook gets these marks, capped at each cell's
  maximum, never the kernel's verdict.
* :mod:`.integrity`: a report of answer-cell code that touches the checker, ``sys.modules``,
  builtins, ``exec``/``eval``, paths outside the submission or the network, for a person to read.
* ``python -m medialit.grading ASSIGNMENT`` (``make grade ASSIGNMENT=...``) does all of it around
  nbgrader's autograde and export.
"""
