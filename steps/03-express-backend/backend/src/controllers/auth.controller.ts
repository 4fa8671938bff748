import bcrypt from 'bcryptjs';
import { signAccessToken } from '../lib/tokens.ts';
import { HttpError } from '../lib/http-error.ts';
import type { ValidatedHandler } from '../middleware/validate-body.ts';
import { passwordHashing, User } from '../models/user.model.ts';
import type { LoginInput, RegisterInput } from '../schemas/auth.schemas.ts';

const DUPLICATE_KEY = 11000;
const INVALID_CREDENTIALS = 'Invalid email or password';

export function authController(jwtSecret: string) {
  // Compared against when no user has the email, so that answer takes as long as a wrong
  // password: the response time does not tell which emails have an account. Hashed at the
  // cost new passwords get, which src/app.ts sets before it makes the routes.
  const dummyHash = bcrypt.hash('not the password of anyone', passwordHashing.cost);

  /** As slow as checking a real password, and never a match. */
  async function compareWithDummy(password: string): Promise<false> {
    await bcrypt.compare(password, await dummyHash);
    return false;
  }

  const register: ValidatedHandler<RegisterInput> = async (req, res) => {
    const { name, email, password } = req.body;
    try {
      const user = await User.create({ name, email, password });
      res.status(201).json({ user });
    } catch (error) {
      // Two registrations with one email can both pass any "does it exist?" check;
      // only the unique index decides, and the loser gets error 11000.
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) {
        throw new HttpError(409, 'An account with this email already exists');
      }
      throw error;
    }
  };

  const login: ValidatedHandler<LoginInput> = async (req, res) => {
    const { email, password } = req.body;
    const user = await User.findOne({ email }).select('+password');
    const passwordMatches = user
      ? await user.comparePassword(password)
      : await compareWithDummy(password);
    if (!user || !passwordMatches) throw new HttpError(401, INVALID_CREDENTIALS);

    res.json({ token: signAccessToken(user.id, jwtSecret), user });
  };

  return { register, login };
}
