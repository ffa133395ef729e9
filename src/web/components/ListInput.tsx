import { useState } from 'react';
import { Select } from 'antd';

const SEPARATORS = [',', '，', ';', '；'];

/**
 * A list of short strings (phones, emails, tags) typed as chips: Enter or a comma adds one.
 * Text still in the box when it loses focus is added too, so nothing typed is silently lost.
 */
export function ListInput({
  id,
  value,
  onChange,
  placeholder,
  extraSeparators = [],
}: {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  extraSeparators?: string[];
}) {
  const [search, setSearch] = useState('');
  const commitSearch = () => {
    const text = search.trim();
    setSearch('');
    if (text && !(value ?? []).includes(text)) onChange?.([...(value ?? []), text]);
  };
  return (
    <Select
      id={id}
      mode="tags"
      value={value ?? []}
      onChange={(next: string[]) => {
        onChange?.(next);
        setSearch('');
      }}
      searchValue={search}
      onSearch={setSearch}
      onBlur={commitSearch}
      tokenSeparators={[...SEPARATORS, ...extraSeparators]}
      open={false}
      suffixIcon={null}
      placeholder={placeholder}
    />
  );
}
