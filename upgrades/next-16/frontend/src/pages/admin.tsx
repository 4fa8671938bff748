// /admin: the users and their roles, for admins. Three guards, each with its own job: the
// middleware sends signed-out requests to /login; getServerSideProps answers anyone whose
// session is not an admin's with the 403 page, before any data exists; withAuth does the same
// in the browser. None of them protects the data: the backend checks the role again on every
// call this page makes through src/utils/api.ts.
import type { GetServerSideProps } from 'next';
import { getServerSession } from 'next-auth';
import Head from 'next/head';
import { useEffect, useState } from 'react';
import ErrorSummary from '@/components/error-summary';
import Forbidden from '@/components/forbidden';
import withAuth, { type WithSession } from '@/components/with-auth';
import { authOptions } from '@/lib/auth-options';
import api from '@/utils/api';

interface ListedUser {
  id: string;
  name: string;
  email: string;
  role: 'user' | 'admin';
  createdAt: string;
}

interface UserPage {
  users: ListedUser[];
  page: number;
  perPage: number;
  total: number;
}

const PER_PAGE = 20;

const actionOf = (user: ListedUser) => (user.role === 'admin' ? 'Make user' : 'Make admin');

export const getServerSideProps: GetServerSideProps<{ forbidden: boolean }> = async ({
  req,
  res,
}) => {
  const session = await getServerSession(req, res, authOptions);
  if (!session) {
    return { redirect: { destination: '/login?callbackUrl=%2Fadmin', permanent: false } };
  }
  if (session.user.role !== 'admin') {
    res.statusCode = 403;
    return { props: { forbidden: true } };
  }
  return { props: { forbidden: false } };
};

/** The HTTP status of a refused API call, if the API answered at all. */
const statusOf = (error: unknown) => (error as { response?: { status?: number } }).response?.status;

/** The message of a refused API call: the backend's own, or a general one. */
function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  return typeof data?.message === 'string' ? data.message : 'The change could not be made.';
}

function AdminPage({ session }: WithSession) {
  const [page, setPage] = useState(1);
  // Bumped after a change, so the list loads again with the new roles.
  const [changes, setChanges] = useState(0);
  const [list, setList] = useState<UserPage | 'loading' | 'forbidden' | 'failed'>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true; // ignore an answer that arrives after the page or the list moved on
    api.get<UserPage>('/admin/users', { params: { page, perPage: PER_PAGE } }).then(
      ({ data }) => current && setList(data),
      // The session said admin, the backend says no: the role was taken since signing in.
      (failure) => current && setList(statusOf(failure) === 403 ? 'forbidden' : 'failed'),
    );
    return () => {
      current = false;
    };
  }, [page, changes]);

  async function changeRole(user: ListedUser) {
    setError(null);
    const role = user.role === 'admin' ? 'user' : 'admin';
    try {
      await api.patch(`/admin/users/${user.id}/role`, { role });
      setChanges(changes + 1);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  if (list === 'forbidden') return <Forbidden />;
  const pages = typeof list === 'object' ? Math.max(1, Math.ceil(list.total / PER_PAGE)) : 1;

  return (
    <main className="page wide">
      <Head>
        <title>Users and roles</title>
      </Head>
      <h1>Users and roles</h1>
      {error && <ErrorSummary message={error} />}
      {list === 'loading' && (
        <p role="status" className="muted">
          Loading the users…
        </p>
      )}
      {list === 'failed' && (
        <p role="alert" className="alert">
          The users could not be loaded from the API. Try again in a moment.
        </p>
      )}
      {typeof list === 'object' && (
        <>
          <table className="users">
            <caption>
              {list.total} users, page {list.page} of {pages}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {list.users.map((user) => (
                <tr key={user.id} data-testid={`user-${user.email}`}>
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>{user.role}</td>
                  <td>
                    {/* The label names the user: a screen reader lists twenty "Make admin" buttons otherwise. */}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`${actionOf(user)}: ${user.email}`}
                      onClick={() => void changeRole(user)}
                    >
                      {actionOf(user)}
                    </button>
                    {user.id === session.user.id && <span className="muted"> (you)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="actions">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous page
            </button>
            <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next page
            </button>
          </p>
        </>
      )}
    </main>
  );
}

const GuardedAdminPage = withAuth(AdminPage, { role: 'admin' });

export default function AdminRoute({ forbidden }: { forbidden: boolean }) {
  // The server already said no: render the 403 page without mounting the list at all.
  if (forbidden) return <Forbidden />;
  return <GuardedAdminPage />;
}
