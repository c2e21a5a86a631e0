# SPDX-License-Identifier: GPL-2.0-or-later
# Build options. "AUTO" options are switched on when what they need is found;
# ON forces them (and fails if missing), OFF disables them.

set(ROOST_WITH_OPENMP AUTO CACHE STRING "Use OpenMP threads in the CPU backend (AUTO/ON/OFF)")
set(ROOST_WITH_PYTHON AUTO CACHE STRING "Build the Python module roost._roost (AUTO/ON/OFF)")
set(ROOST_WITH_CUDA OFF CACHE STRING "Build the CUDA backend (AUTO/ON/OFF); not available yet")
set(ROOST_WITH_MPI OFF CACHE STRING "Build MPI support (AUTO/ON/OFF); not available yet")
option(ROOST_BUILD_TESTS "Build the GoogleTest unit tests" ON)

# roost_resolve_option(<var> <found>): turns AUTO into ON/OFF, fails on ON without support.
function(roost_resolve_option var found what)
  string(TOUPPER "${${var}}" value)
  if(value STREQUAL "AUTO")
    if(${found})
      set(${var} ON PARENT_SCOPE)
    else()
      set(${var} OFF PARENT_SCOPE)
    endif()
  elseif(value STREQUAL "ON" AND NOT ${found})
    message(FATAL_ERROR "${var}=ON but ${what} was not found")
  endif()
endfunction()

find_package(OpenMP COMPONENTS CXX)
roost_resolve_option(ROOST_WITH_OPENMP OpenMP_CXX_FOUND "OpenMP")

if(NOT ROOST_WITH_PYTHON STREQUAL "OFF")
  find_package(Python 3.9 COMPONENTS Interpreter Development.Module)
  if(Python_FOUND)
    execute_process(COMMAND "${Python_EXECUTABLE}" -m pybind11 --cmakedir
                    OUTPUT_VARIABLE _pybind11_dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_pybind11_dir)
      list(APPEND CMAKE_PREFIX_PATH "${_pybind11_dir}")
    endif()
    find_package(pybind11 CONFIG)
  endif()
  set(_python_ok FALSE)
  if(Python_FOUND AND pybind11_FOUND)
    set(_python_ok TRUE)
  endif()
  roost_resolve_option(ROOST_WITH_PYTHON _python_ok "Python development files and pybind11")
endif()

foreach(_unsupported ROOST_WITH_CUDA ROOST_WITH_MPI)
  if(${_unsupported} STREQUAL "ON")
    message(FATAL_ERROR "${_unsupported}=ON: this backend is not implemented yet")
  endif()
endforeach()

message(STATUS "Roost: OpenMP=${ROOST_WITH_OPENMP} Python=${ROOST_WITH_PYTHON} CUDA=${ROOST_WITH_CUDA} MPI=${ROOST_WITH_MPI}")
