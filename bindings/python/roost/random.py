# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.random``: random Parameters drawn by the kernel's seeded RNG."""

from .parameters import make_random

__all__ = ["uniform", "normal", "lognormal", "exponential", "uniform_int"]


def uniform(min=0.0, max=1.0):
    """Uniformly distributed in [min, max)."""
    return make_random("uniform", min=min, max=max)


def normal(mean=0.0, std=1.0):
    """Normally distributed with the given mean and standard deviation."""
    return make_random("normal", mean=mean, std=std)


def lognormal(mean=0.0, std=1.0):
    """Lognormal: mean and std are those of the underlying normal distribution."""
    return make_random("lognormal", mean=mean, std=std)


def exponential(beta=1.0):
    """Exponentially distributed with scale beta (mean beta)."""
    return make_random("exponential", beta=beta)


def uniform_int(max):
    """Uniformly distributed integers in [0, max)."""
    return make_random("uniform_int", max=max)
