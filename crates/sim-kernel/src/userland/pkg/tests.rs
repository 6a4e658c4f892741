//! The package managers end to end: on the host (a terminal, lists already downloaded) and
//! in the stand-in images through `docker run` (lists empty until `apt update`).

use wharf_engine::image::reference::Reference;

use crate::runner::{run_transcript, start_shell};
use crate::sim::Sim;
use crate::userland::host;

fn session(images: &[&str]) -> Sim {
    let mut sim = host::boot(7);
    for image in images {
        let daemon = sim.machine().borrow().docker.clone().unwrap();
        daemon.borrow_mut().image_pull(&Reference::parse(image).unwrap(), &mut |_| {}).unwrap();
    }
    start_shell(&mut sim, "/bin/bash").unwrap();
    sim
}

fn transcript(images: &[&str], script: &str) -> String {
    run_transcript(&mut session(images), script, 4_000_000)
}

#[test]
fn the_host_installs_from_its_lists_and_dpkg_knows_the_files() {
    let t = transcript(&[], "apt-get install debootstrap -y\napt install jq -y\ndpkg -L jq\ndpkg -s jq\ndpkg -l jq\napt remove jq -y\ndpkg -L jq\ncommand -v jq\n");
    assert!(t.contains("$ apt-get install debootstrap -y\nReading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\ndebootstrap is already the newest version (1.0.128+nmu2+deb12u1).\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"), "{t}");
    assert!(!t.contains("WARNING: apt does not have a stable CLI"), "a terminal gets no warning: {t}");
    assert!(t.contains("The following additional packages will be installed:\n  libjq1 libonig5\nThe following NEW packages will be installed:\n  jq libjq1 libonig5\n0 upgraded, 3 newly installed, 0 to remove and 0 not upgraded.\n"), "{t}");
    assert!(t.contains("Get:1 http://deb.debian.org/debian bookworm/main amd64 libonig5 amd64 6.9.8-1 [172 kB]\n"), "{t}");
    assert!(t.contains("Selecting previously unselected package libonig5:amd64.\n(Reading database ... "), "{t}");
    assert!(t.contains("Setting up jq (1.6-2.1) ...\nProcessing triggers for libc-bin (2.36-9+deb12u3) ...\n"), "{t}");
    assert!(!t.contains("debconf: delaying"), "the host has apt-utils: {t}");
    assert!(t.contains("$ dpkg -L jq\n/.\n/usr\n/usr/bin\n/usr/bin/jq\n/usr/share\n/usr/share/doc\n/usr/share/doc/jq\n/usr/share/doc/jq/copyright\n"), "{t}");
    assert!(t.contains("$ dpkg -s jq\nPackage: jq\nStatus: install ok installed\n"), "{t}");
    assert!(t.contains("||/ Name Version Architecture Description\n+++-====-=======-============-"), "{t}");
    assert!(t.contains("\nii  jq   1.6-2.1 amd64        lightweight and flexible command-line JSON process\n"), "{t}");
    assert!(t.contains("The following packages will be REMOVED:\n  jq\n0 upgraded, 0 newly installed, 1 to remove and 0 not upgraded.\nAfter this operation, 104 kB disk space will be freed.\n"), "{t}");
    assert!(t.contains("Removing jq (1.6-2.1) ...\n$ dpkg -L jq\ndpkg-query: package 'jq' is not installed\n"), "{t}");
    assert!(t.ends_with("$ command -v jq\n"), "{t}");
}

#[test]
fn only_root_may_install() {
    let t = transcript(&[], "chroot --userspec=1000:1000 / apt install jq\nchroot --userspec=1000:1000 / apt-get update\n");
    assert!(t.contains("$ chroot --userspec=1000:1000 / apt install jq\nE: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n"), "{t}");
    assert!(t.contains("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n"), "{t}");
}

#[test]
fn a_fresh_ubuntu_needs_apt_update_and_asks_before_pulling_in_more() {
    let t = transcript(&["ubuntu:22.04"], "docker run --name box ubuntu:22.04 sh -c 'apt-get install htop; ls /var/lib/apt/lists; apt-get update; apt-get install htop </dev/null; echo y | apt-get install htop; command -v htop; dpkg -l | grep -c ^ii'\n");
    assert!(t.contains("Reading package lists...\nBuilding dependency tree...\nReading state information...\nE: Unable to locate package htop\npartial\n"), "{t}");
    assert!(!t.contains("WARNING"), "apt-get has a stable CLI: {t}");
    assert!(t.contains("Get:1 http://archive.ubuntu.com/ubuntu jammy InRelease [270 kB]\n"), "{t}");
    assert!(!t.contains("All packages are up to date."), "only apt says so: {t}");
    assert!(t.contains("  htop libnl-3-200 libnl-genl-3-200\n0 upgraded, 3 newly installed, 0 to remove and 0 not upgraded.\n"), "{t}");
    assert!(t.contains("Do you want to continue? [Y/n] Abort.\n"), "{t}");
    assert!(t.contains("Do you want to continue? [Y/n] Get:1 http://archive.ubuntu.com/ubuntu jammy/main amd64 libnl-3-200 amd64 3.5.0-0.1 [59.3 kB]\n"), "{t}");
    assert!(t.contains("debconf: delaying package configuration, since apt-utils is not installed\n"), "{t}");
    assert!(t.contains("Setting up htop (3.0.5-7build2) ...\n"), "{t}");
    assert!(t.ends_with("/usr/bin/htop\n59\n"), "{t}");
}

#[test]
fn apk_adds_deletes_and_lists() {
    let t = transcript(&["alpine"], "docker run --rm alpine sh -c 'apk add bash && apk info | wc -l && apk del bash && apk info | wc -l'\ndocker run --rm alpine apk add nosuch\necho $?\ndocker run --rm -u 1000 alpine apk add curl\necho $?\ndocker run --rm alpine apk info -v musl\n");
    assert!(t.contains("(1/4) Installing ncurses-terminfo-base (6.4_p20230506-r0)\n(2/4) Installing libncursesw (6.4_p20230506-r0)\n(3/4) Installing readline (8.2.1-r1)\n(4/4) Installing bash (5.2.15-r5)\nExecuting bash-5.2.15-r5.post-install\nExecuting busybox-1.36.1-r2.trigger\nOK: 10 MiB in 19 packages\n19\n"), "{t}");
    assert!(t.contains("(1/4) Purging bash (5.2.15-r5)\n(2/4) Purging readline (8.2.1-r1)\n(3/4) Purging libncursesw (6.4_p20230506-r0)\n(4/4) Purging ncurses-terminfo-base (6.4_p20230506-r0)\nExecuting busybox-1.36.1-r2.trigger\nOK: 8 MiB in 15 packages\n15\n"), "{t}");
    assert!(t.contains("ERROR: unable to select packages:\n  nosuch (no such package):\n    required by: world[nosuch]\n$ echo $?\n1\n"), "{t}");
    assert!(t.contains("ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n$ echo $?\n99\n"), "{t}");
}

#[test]
fn dockerfile_idioms_work() {
    let t = transcript(&["debian:bookworm-slim", "alpine"], "docker run --rm debian:bookworm-slim sh -c 'apt-get -qq update && apt-get install -qq -y --no-install-recommends curl && apt-get clean && command -v curl && apt list --installed 2>/dev/null | grep ^curl'\ndocker run --rm alpine sh -c 'apk add --no-cache --virtual .build-deps jq >/dev/null && command -v jq'\n");
    assert!(t.contains("$ docker run --rm debian:bookworm-slim sh -c 'apt-get -qq update && apt-get install -qq -y --no-install-recommends curl && apt-get clean && command -v curl && apt list --installed 2>/dev/null | grep ^curl'\ndebconf: delaying package configuration, since apt-utils is not installed\n/usr/bin/curl\ncurl/bookworm,now 7.88.1-10+deb12u5 amd64 [installed]\n"), "{t}");
    assert!(t.ends_with("/usr/bin/jq\n"), "{t}");
}
