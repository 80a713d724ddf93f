"use client";

import { HelpCircle } from "lucide-react";
import { describeQuerySyntax } from "@/lib/conditions/query-help";
import { Button } from "../ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "../ui/popover";

/** The query language, explained from the one syntax table (also the rule builder's language). */
export function QueryHelp({ onExample }: { onExample: (term: string) => void }) {
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Search syntax" data-testid="query-help"><HelpCircle aria-hidden /></Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-[min(34rem,calc(100vw-1rem))] space-y-3 text-xs" data-testid="query-help-popover">
        <p className="text-zinc-600 dark:text-zinc-400">Terms are separated by spaces; a request must match all of them. Click an example to add it.</p>
        <dl className="space-y-3">
          {describeQuerySyntax().map((entry) => (
            <div key={entry.key} className="space-y-1">
              <dt className="font-mono font-semibold">{entry.key}</dt>
              {entry.operators.map((op) => (
                <dd key={op.syntax} className="grid grid-cols-[minmax(9rem,max-content)_1fr] gap-3">
                  <code className="font-mono text-indigo-700 dark:text-indigo-300">{op.syntax}</code>
                  <span className="text-zinc-700 dark:text-zinc-300">{op.meaning}</span>
                </dd>
              ))}
              <dd className="flex flex-wrap gap-1">
                {entry.examples.map((ex) => (
                  <button key={ex} type="button" onClick={() => onExample(ex)} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono hover:bg-zinc-200 dark:bg-zinc-800 dark:hover:bg-zinc-700">
                    {ex}
                  </button>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </PopoverContent>
    </Popover>
  );
}
