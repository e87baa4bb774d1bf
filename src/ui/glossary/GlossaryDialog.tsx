import { useEffect, useRef } from 'react';
import { useApp } from '../app-context';
import { AppDialog } from '../dialogs/AppDialog';
import { GLOSSARY } from './glossary';

/** Every term on the page in one list, opened at the term that was clicked. */
export function GlossaryDialog() {
  return (
    <AppDialog which="glossary" title="Glossary" className="glossary-dialog">
      <GlossaryList />
    </AppDialog>
  );
}

function GlossaryList() {
  const current = useApp((s) => s.glossaryTerm);
  const list = useRef<HTMLDListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'center' });
  }, [current]);
  return (
    <dl ref={list} className="glossary-list">
      {GLOSSARY.map((e) => (
        <div key={e.id} className="glossary-entry" aria-current={e.id === current ? 'true' : undefined}>
          <dt>{e.term}</dt>
          <dd>{e.definition}</dd>
        </div>
      ))}
    </dl>
  );
}
