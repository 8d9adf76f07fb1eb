/**
 * The part of a suppression comment after `detkit-disable-line` / `detkit-disable-next-line`, shared by the
 * source analyzer (`//` comments) and the dependency audit (`#` comments in workflows, Dockerfiles and scripts):
 * rule ids separated by commas or spaces, then `--` and the reason.
 */
export function parseDirectiveBody(body: string): { readonly ruleIds: string[]; readonly reason: string } {
  const [idsText = "", ...reasonParts] = body.split(/\s--\s?|^--\s?/);
  return {
    ruleIds: idsText
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
    reason: reasonParts.join(" -- ").trim(),
  };
}
