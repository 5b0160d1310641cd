import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { api, type Department } from './api';
import { inParentheses, translate, type Locale } from './strings';
import { useApiData, WhenLoaded } from './useApiData';

/** The city's departments as the server knows them (HQ sections and ward-office sections). */
export function DepartmentTable({ locale }: { locale: Locale }) {
  const state = useApiData(api.departments);
  return (
    <WhenLoaded state={state} locale={locale}>
      {({ departments }) => <Departments departments={departments} locale={locale} />}
    </WhenLoaded>
  );
}

function Departments({ departments, locale }: { departments: Department[]; locale: Locale }) {
  return (
    <section aria-labelledby="departments-title">
      <Text as="h2" id="departments-title" size={500} weight="semibold" block>
        {translate(locale, 'departments')}
        {inParentheses(locale, departments.length)}
      </Text>
      <Table aria-labelledby="departments-title" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{translate(locale, 'kind')}</TableHeaderCell>
            <TableHeaderCell>{translate(locale, 'office')}</TableHeaderCell>
            <TableHeaderCell>{translate(locale, 'section')}</TableHeaderCell>
            <TableHeaderCell>{translate(locale, 'approval')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {departments.map((department) => (
            <TableRow key={department.id}>
              <TableCell>{translate(locale, department.kind)}</TableCell>
              <TableCell>{department.office}</TableCell>
              <TableCell>{department.name}</TableCell>
              <TableCell>
                {department.kind === 'hq' ? translate(locale, department.approvalRequired ? 'required' : 'notRequired') : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
