# SPDX-License-Identifier: GPL-2.0-or-later
"""The backends the NEST comparisons replay on: every backend this build has
(the emulated CUDA build included), each chosen with the kernel property
'backend' before the case creates nodes."""


def backends():
    try:
        import roost
        return roost.available_backends()
    except Exception:  # no compiled module: the nest fixture skips
        return ["cpu"]


def on(backend):
    """A case's `setup` hook that selects `backend`."""
    return lambda n: n.SetKernelStatus({"backend": backend})
