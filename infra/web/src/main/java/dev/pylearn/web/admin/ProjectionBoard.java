package dev.pylearn.web.admin;

import java.util.List;

/**
 * Where the projections page reads its table: the projection operations live in the application
 * module (they need Axon's processors), which provides this port, so the page stays in the web
 * module without depending on it.
 */
public interface ProjectionBoard {

    List<ProjectionRow> projections();
}
