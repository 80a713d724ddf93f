/** The app mark: an inbox tray catching an arrow (the same drawing as public/icon.svg). */
export function Logo({ className = "size-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="7" className="fill-indigo-600" />
      <path d="M16 6v10m-4-4 4 4 4-4" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M7 18h5.5l1.5 3h4l1.5-3H25v5.5a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2z" fill="#fff" />
    </svg>
  );
}
