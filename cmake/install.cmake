# make install and make package: the three programs, a man page for each
# (help2man, from their --help), the shipped corpus with its vocabulary
# (share/quarry/corpus: the seed bank, synonyms, concepts, and the
# vocabulary quarry-index reads by default), and the example systemd unit
# and nginx site. The page is compiled into quarry-serve.
#
# Configure with -DQUARRY_VOCABULARY_DIR:STRING=../share/quarry/corpus/vocabulary
# (relative: found from the installed program) for an install; the
# Makefile's install and package targets do, in build trees of their own.
include(GNUInstallDirs)

install(TARGETS quarry-index quarry-search quarry-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/corpus/ DESTINATION ${CMAKE_INSTALL_DATADIR}/quarry/corpus)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/quarry.service ${CMAKE_SOURCE_DIR}/deploy/nginx/quarry.conf
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(QUARRY_MAN_PAGES)
  foreach(program_and_summary
          "quarry-index|index question banks for Quarry's search"
          "quarry-search|search a Quarry index from the command line"
          "quarry-serve|serve Quarry's search page and JSON API")
    string(REPLACE "|" ";" parts "${program_and_summary}")
    list(GET parts 0 program)
    list(GET parts 1 summary)
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
              --name=${summary} --output=${page} $<TARGET_FILE:${program}>
      DEPENDS ${program}
      COMMENT "man page of ${program}"
      VERBATIM)
    list(APPEND QUARRY_MAN_PAGES ${page})
  endforeach()
  add_custom_target(man DEPENDS ${QUARRY_MAN_PAGES})
  install(FILES ${QUARRY_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME quarry)
set(CPACK_PACKAGE_CONTACT "Quarry developers <quarry@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search for banks of interview questions")
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The library packages the programs link against, found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx")
include(CPack)
