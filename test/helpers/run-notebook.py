# Runs the code cells of a Jupyter notebook with plain python3 (Jupyter is not needed): test/examples.test.ts uses it.
import json, sys, types
# a stand-in for IPython.display, so the notebook's code runs where Jupyter is not installed
display_mod = types.ModuleType("IPython.display")
shown = []
display_mod.HTML = lambda s: ("html", len(s))
display_mod.Markdown = lambda s: ("markdown", len(s))
display_mod.display = lambda obj: shown.append(obj) or print("display", obj)
ipython = types.ModuleType("IPython"); ipython.display = display_mod
sys.modules["IPython"] = ipython; sys.modules["IPython.display"] = display_mod
nb = json.load(open(sys.argv[1], encoding="utf-8"))
scope = {}
for cell in nb["cells"]:
    if cell["cell_type"] == "code":
        exec("".join(cell["source"]), scope)
assert len(shown) == 2, shown
