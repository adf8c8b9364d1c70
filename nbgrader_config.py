# nbgrader settings for the medialit course. The course root is this folder.
#
#   solutions/<assignment>/<assignment>.ipynb   instructor master (answers, hidden tests, rubrics)
#   exercises/<assignment>/<assignment>.ipynb   student copy, made by `nbgrader generate_assignment`
#   submitted/<student>/<assignment>/           collected work (never committed)
#   autograded/, feedback/, gradebook.db        made by nbgrader (never committed)
#
# See INSTRUCTORS.md for the whole grading workflow.
c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

import os  # noqa: E402

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "medialit"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# Use PostgreSQL for a large class, e.g.
#   c.CourseDirectory.db_url = "postgresql+psycopg://nbgrader@db-host/medialit"
#   (password in ~/.pgpass; needs psycopg[binary]: see INSTRUCTORS.md)
# (see INSTRUCTORS.md); by default the gradebook is ./gradebook.db (SQLite).

c.IncludeHeaderFooter.header = ""

# Starter cells must run untouched: the answer region becomes a comment, and
# every answer variable is declared as `...` above it in the master notebook,
# so the visible checks can say "not attempted" instead of crashing.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE (replace the ... above with your answer)"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Put back test cells a student deleted (their points are then graded as usual).
c.OverwriteCells.add_missing_cells = True

# --- Limits on student code during autograding --------------------------------
# Autograding runs student code with the rights of whoever runs nbgrader. These
# settings limit the damage an endless loop or a memory bomb can do; see
# "Safety" in INSTRUCTORS.md for what they do not cover.
#
# Per-cell time limit (seconds); the cell is interrupted and scores zero.
c.ExecutePreprocessor.timeout = 60
c.ExecutePreprocessor.interrupt_on_timeout = True
# Address-space limit for the kernel (2 GiB): set inside the kernel before any
# student code runs, so a cell that allocates without end gets a MemoryError
# at once instead of exhausting the machine. Threads of numeric libraries are
# kept to one so the limit is not spent on per-thread buffers.
GRADING_MEMORY_LIMIT_BYTES = 2 * 1024**3
c.ExecutePreprocessor.extra_arguments = [
    "--HistoryManager.hist_file=:memory:",
    "--IPKernelApp.exec_lines=import resource as _r; "
    f"_r.setrlimit(_r.RLIMIT_AS, ({GRADING_MEMORY_LIMIT_BYTES}, {GRADING_MEMORY_LIMIT_BYTES})); del _r",
]
