import { Dialog, DialogContent } from "./ui/dialog";
import { Kbd } from "./ui/kbd";

const SHORTCUTS: [string[], string][] = [
  [["j", "↓"], "Next (older) request"],
  [["k", "↑"], "Previous (newer) request"],
  [["Enter"], "Open the selected request"],
  [["Esc"], "Close the open panel or dialog"],
  [["/"], "Search"],
  [["f"], "Follow new requests on or off"],
  [["?"], "This list"],
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Keyboard shortcuts" data-testid="shortcuts-dialog">
        <dl className="grid grid-cols-[max-content_1fr] items-center gap-x-6 gap-y-2 text-sm">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={what} className="contents">
              <dt className="flex gap-1">{keys.map((k, i) => <span key={k} className="flex items-center gap-1">{i > 0 && <span className="text-xs text-zinc-500">or</span>}<Kbd>{k}</Kbd></span>)}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
