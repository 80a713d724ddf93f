import { ArrowUp, FlaskConical, Radio } from "lucide-react";
import { Button } from "../ui/button";
import { Kbd } from "../ui/kbd";
import { Tip } from "../ui/tooltip";

type Props = {
  follow: boolean;
  onFollow: (on: boolean) => void;
  total: number;
  filtered: boolean;
  /** Leave out what live experiments (the Compare tab) sent. */
  hideExperiments: boolean;
  onHideExperiments: (on: boolean) => void;
};

/** Follow mode, the experiment-traffic toggle and the list's size, above the list. */
export function FollowBar({ follow, onFollow, total, filtered, hideExperiments, onHideExperiments }: Props) {
  return (
    <div className="flex h-9 shrink-0 items-center gap-2 border-b border-zinc-200 px-3 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      <span data-testid="request-count" className="tabular-nums">
        {total.toLocaleString("en-US")} {filtered ? (total === 1 ? "match" : "matches") : total === 1 ? "request" : "requests"}
      </span>
      <Tip label={hideExperiments ? "Experiment traffic is hidden: show it" : "Hide the requests live experiments sent (Compare tab)"}>
        <Button
          variant={hideExperiments ? "primary" : "ghost"}
          size="sm"
          className="ml-auto"
          aria-pressed={hideExperiments}
          onClick={() => onHideExperiments(!hideExperiments)}
          data-testid="hide-experiments"
        >
          <FlaskConical aria-hidden />
          Hide experiments
        </Button>
      </Tip>
      <Tip label={<span>Open each new request as it arrives <Kbd>f</Kbd></span>}>
        <Button
          variant={follow ? "primary" : "secondary"}
          size="sm"
          aria-pressed={follow}
          onClick={() => onFollow(!follow)}
          data-testid="follow-toggle"
        >
          <Radio aria-hidden />
          Follow
        </Button>
      </Tip>
    </div>
  );
}

/** New arrivals held back while not following; a click shows them and follows again. */
export function NewRequestsPill({ count, onShow }: { count: number; onShow: () => void }) {
  if (count === 0) return null;
  return (
    <div className="pointer-events-none absolute inset-x-0 top-2 z-10 flex justify-center">
      <button
        type="button"
        onClick={onShow}
        data-testid="new-pill"
        className="pointer-events-auto inline-flex items-center gap-1 rounded-full bg-indigo-600 px-3 py-1 text-xs font-medium text-white shadow-lg hover:bg-indigo-500"
      >
        <ArrowUp className="size-3.5" aria-hidden />
        {count} new
      </button>
    </div>
  );
}
