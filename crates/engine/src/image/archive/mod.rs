//! Image archives: `docker save` tarballs and OCI image layouts, in and out.
