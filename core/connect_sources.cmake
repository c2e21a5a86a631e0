# SPDX-License-Identifier: GPL-2.0-or-later
# RNG, Parameter and connection-rule sources, for inclusion by core/CMakeLists.txt
# and tests/CMakeLists.txt. rng.hpp is header-only. connect_rules.cpp uses OpenMP
# when the target links OpenMP::OpenMP_CXX and builds without it otherwise.
set(ROOST_CORE_RNG_SOURCES
    src/parameter.cpp
    src/connect_rules.cpp
    src/spatial_connect.cpp
    src/spatial_mask.cpp
    src/spatial_batch.cpp
)
# GoogleTest files, relative to the repository root.
set(ROOST_CORE_RNG_TESTS
    tests/unit/test_rng.cpp
    tests/unit/test_parameter.cpp
    tests/unit/test_connect_rules.cpp
    tests/unit/test_spatial_connect.cpp
)
