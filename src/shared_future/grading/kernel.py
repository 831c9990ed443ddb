"""The kernel that runs a graded copy: ipykernel without its debugger (`python -m shared_future.grading.kernel`).

ipykernel imports debugpy at start whenever it is installed: 0.08 s of the 0.3 s the kernel
spends importing, paid once per submission (twice after a crash). Nobody attaches a debugger
to a kernel under grading, so `debugpy` is blocked here; ipykernel's guarded import then turns
its debugger off and the kernel behaves as before in every other way. `watch` points nbval at
this module in place of `ipykernel_launcher`.
"""
import sys

if __name__ == "__main__":
    sys.modules.setdefault("debugpy", None)  # `import debugpy` now raises ImportError, which ipykernel expects
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
