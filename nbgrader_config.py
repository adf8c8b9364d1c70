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

# --- Autograding: isolated and judged (INSTRUCTORS.md, "What grading isolates") ------------
# nbgrader's own Execute runs student code in the grader's process rights and scores a test cell
# from the success or error the student's kernel reports. Here instead:
#  * IsolatedExecute runs each submission in a fresh temporary folder holding only its notebook
#    and the student edition, with a clean environment, as the unprivileged user
#    "medialit-grader" when nbgrader runs as root, and ends every process it started before the
#    next submission; only the outputs come back (the cells stay the master's);
#  * JudgedGrades saves, for each autograded test cell, the mark that medialit's judge computes in
#    this process from the answer the hidden test recorded (capped at the cell's points).
# `make grade ASSIGNMENT=a1_attributions` (python -m medialit.grading) runs autograde with these,
# then writes the integrity report and the capped grades.
c.Autograde.autograde_preprocessors = [
    "medialit.grading.preprocessors.IsolatedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "medialit.grading.preprocessors.JudgedGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Per-cell time limit (seconds): the cell is interrupted and its part records nothing (0 points).
c.IsolatedExecute.timeout = 60
# Address-space limit of the kernel (2 GiB): a cell that allocates without end gets a MemoryError.
c.IsolatedExecute.memory = 2 * 1024**3
# The whole notebook (seconds): past this the run is stopped and what ran is graded.
c.IsolatedExecute.total_timeout = 900
