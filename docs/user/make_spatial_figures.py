# SPDX-License-Identifier: GPL-2.0-or-later
"""Make the pictures of docs/user/spatial.md (docs/user/spatial_*.png).

Run from anywhere: ``python docs/user/make_spatial_figures.py [--outdir DIR]``.
Plain PyNEST calls; the connection figures use a spatial Connect (mask and
distance-dependent kernel).
"""

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import roost as nest  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def layers(outdir):
    nest.ResetKernel()
    grid = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[10, 8], extent=[2.0, 1.6]))
    fig = nest.PlotLayer(grid, nodesize=25)
    fig.gca().set_title("grid(shape=[10, 8], extent=[2.0, 1.6])")
    fig.savefig(os.path.join(outdir, "spatial_grid.png"), dpi=80, bbox_inches="tight")
    nest.rng_seed = 1
    free = nest.Create("iaf_psc_alpha", 200, positions=nest.spatial.free(
        nest.random.uniform(-1.0, 1.0), num_dimensions=2))
    fig = nest.PlotLayer(free, nodecolor="darkgreen", nodesize=15)
    fig.gca().set_title("free(uniform(-1, 1), num_dimensions=2), 200 nodes")
    fig.savefig(os.path.join(outdir, "spatial_free.png"), dpi=80, bbox_inches="tight")
    plt.close("all")


def kernel(outdir):
    nest.ResetKernel()
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[21, 21], extent=[2.0, 2.0]))
    center = nest.FindCenterElement(layer)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
    d = nest.spatial.distance
    nest.PlotProbabilityParameter(center, nest.spatial_distributions.gaussian(d, std=0.3),
                                  mask={"circular": {"radius": 0.75}}, edges=[-1, 1, -1, 1],
                                  ax=axes[0])
    axes[0].set_title("gaussian(distance, std=0.3)\ncircular mask, radius 0.75", fontsize=10)
    nest.PlotProbabilityParameter(center, nest.spatial_distributions.gaussian2D(
        d.x, d.y, std_x=0.4, std_y=0.15, rho=0.5),
        mask={"rectangular": {"lower_left": [-0.6, -0.3], "upper_right": [0.6, 0.3],
                              "azimuth_angle": 30.0}}, edges=[-1, 1, -1, 1], ax=axes[1])
    axes[1].set_title("gaussian2D(distance.x, distance.y, rho=0.5)\n"
                      "rectangular mask rotated by 30 degrees", fontsize=10)
    fig.savefig(os.path.join(outdir, "spatial_kernel.png"), dpi=80, bbox_inches="tight")
    plt.close("all")


def targets(outdir):
    nest.ResetKernel()
    nest.rng_seed = 3
    src = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], extent=[3.0, 3.0],
                                                                    edge_wrap=True))
    tgt = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], extent=[3.0, 3.0],
                                                                    edge_wrap=True))
    mask = {"circular": {"radius": 0.8}}
    kern = nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.4)
    nest.Connect(src, tgt, {"rule": "pairwise_bernoulli", "p": kern, "mask": mask})
    # a node near a corner: its mask wraps around the periodic boundaries
    corner = nest.FindNearestElement(src, [-1.35, 1.2])
    fig = nest.PlotTargets(corner, tgt, mask=mask, probability_parameter=kern)
    fig.axes[0].set_title("PlotTargets: gaussian kernel, circular mask, edge_wrap")
    fig.savefig(os.path.join(outdir, "spatial_targets.png"), dpi=80, bbox_inches="tight")
    plt.close("all")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outdir", default=HERE)
    parser.add_argument("--no-connect", action="store_true",
                        help="only the pictures that need no spatial Connect")
    args = parser.parse_args()
    nest.set_verbosity("M_ERROR")
    layers(args.outdir)
    kernel(args.outdir)
    if not args.no_connect:
        targets(args.outdir)


if __name__ == "__main__":
    main()
