package dev.chorus.samples.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * How a scenario ended.
 *
 * @param scenario its name
 * @param faults what the nemesis did, such as "7 injected, 7 observed"
 * @param ok operations that took effect
 * @param fail operations that certainly did not
 * @param info operations whose outcome is unknown
 * @param checks each check's name and result, such as "faults observed: 7/7"
 * @param passed whether every check passed
 * @param history the history file
 * @param logs where the node logs are
 */
public record LabVerdict(String scenario, String faults, long ok, long fail, long info, List<String> checks,
    boolean passed, Path history, Path logs) {}
