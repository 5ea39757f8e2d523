package io.shotsync.server.internal;

import java.util.List;

/** The route table: every route the server serves, in one list; the OpenAPI document is held equal to it. */
public final class Routes {
  /** The prefix of every API route. */
  public static final String API = "/api/v1";

  private Routes() {}

  /** Every route, over these handlers. */
  public static List<Route> table(Handlers h) {
    return List.of(
        Route.open("GET", API + "/health", h::health),
        Route.read(API + "/session", h::session),
        Route.api("GET", API + "/events", h::events),
        Route.read(API + "/openapi.json", h::openApi),
        Route.read(API + "/endpoints", h::endpoints),
        Route.read(API + "/strategies", h::strategies),
        Route.read(API + "/shots/structure/{endpointId}", h::structure),
        Route.api("POST", API + "/shots/structure/{endpointId}/scan", h::scan),
        Route.api("POST", API + "/shots/compare", h::compare),
        Route.api("POST", API + "/shots/plan", h::plan),
        Route.api("POST", API + "/shots/tasks", h::createTask),
        Route.read(API + "/shots/tasks", h::listTasks),
        Route.api("POST", API + "/shots/tasks/bulk", h::bulk),
        Route.read(API + "/shots/tasks/{id}", h::task),
        Route.api("DELETE", API + "/shots/tasks/{id}", h::deleteTask),
        Route.api("POST", API + "/shots/tasks/{id}/execute", h::execute),
        Route.api("POST", API + "/shots/tasks/{id}/cancel", h::cancel),
        Route.api("POST", API + "/shots/tasks/{id}/retry", h::retry),
        Route.read(API + "/shots/tasks/{id}/logs", h::logs),
        Route.read(API + "/shots/history", h::history));
  }
}
